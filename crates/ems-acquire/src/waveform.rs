//! The internal meter's link: one task per waveform stream reads the acquisition board's frames
//! (`docs/WAVEFORM_STREAM.md`), runs them through the analyser and emits the meter's values as
//! samples of its device, like any other meter.
//!
//! How it works:
//! - **Connection.** The task connects to the source (TCP or a Unix socket). A connection that
//!   cannot be opened, that the source closes, or on which no complete frame arrives within the
//!   link's timeout counts as one failure; after `failures_before_error` consecutive failures
//!   the device is "communication error", with the last failure as the reason. The task then
//!   connects again after a growing back-off (1 s, doubling up to [`MAX_BACK_OFF`]) and
//!   recovers by itself: the first frame analysed makes the device "on" again.
//! - **Frames to measurements.** Bytes go to a [`Decoder`], frames to a [`Receiver`] (kept
//!   across connections, so a reconnection is seen as a gap), runs of contiguous samples to the
//!   [`Analyzer`], which is restarted at every new run (gap, source restart, format change) and
//!   keeps its energy registers. Samples are the sensor's secondary values; the device's CT and
//!   VT ratios reach the analyser through its [`MeterConfig`].
//! - **Momentary values** are emitted every fast period as the aggregate of the windows
//!   measured in it (10 or 12 cycles each, about 200 ms): magnitudes as root mean squares,
//!   powers as their means weighted by duration (as IEC 61000-4-30 aggregates), so that a
//!   value stands for the whole period, not for one window in five. A period without a window
//!   emits nothing. The windows are added up as they come ([`RunningAggregate`]), never kept,
//!   so a long fast period costs no more memory than a short one.
//! - **Harmonics.** With the momentary values goes the meter's harmonic spectrum over the same
//!   period ([`LinkEvent::Spectrum`]: the RMS of each order 1 to 40 per phase voltage and
//!   current and per line-to-line voltage, aggregated as root mean squares like the THD).
//!   Only its latest is of use (the process image keeps it for the API); the history keeps
//!   the THD points.
//! - **Counters** (the analyser's integer registers: Wh, varh, VAh, seconds) are emitted every
//!   slow period while frames arrive, in the same batch as the momentary values. They never go
//!   backwards: a gap or a restart of the source restarts the analysis, not the registers. The
//!   registers can start from given values ([`WaveformSpec::initial_counters`], the store's last
//!   boundaries), so that a restart of ems does not make the history see a counter drop; a
//!   declared reset ([`WaveformHandle::declare_counter_reset`]) sets them to zero and reports a
//!   new baseline ([`CounterVerdict::Rebased`]) for each before the first batch after it.
//! - **Stream events** (gaps, restarts, format changes, dropped frames, bytes that are not a
//!   good frame) are logged and reported as [`LinkEvent::Stream`].
//! - **CPU.** A window costs about 20 µs at 6.4 kS/s and 35 µs at 12.8 kS/s (release build, one
//!   core: `make bench`), a 100-ms frame well under 100 µs with decoding: the analysis runs in
//!   the task, on the runtime, and never stalls it.

use crate::counter::CounterVerdict;
use crate::link::{LinkEvent, MAX_BACK_OFF, ReadError};
use ems_metering::aggregate::RunningAggregate;
use ems_metering::config::NeutralCurrent as MeterNeutral;
use ems_metering::measurement::{LinePair, WindowValues};
use ems_metering::registers::{
    EnergyRegisters, Register, Tariff, TariffInput, TariffPeriod as MeterPeriod, TariffSchedule,
};
use ems_metering::stream::{
    Block, DecodeError, Decoder, DroppedFrame, Frame, Received, Receiver, RunStart,
};
use ems_metering::{Analyzer, MeterConfig, MeterError, NominalFrequency, Phase, Wiring};
use ems_model::site::{self, InternalMeter, StreamEndpoint, TariffSource};
use ems_model::spectrum::{self, Orders, Spectrum};
use ems_model::{Clock, DeviceId, DeviceStatus, Point, Quality, Sample, SampleBatch, Value};
use jiff::SignedDuration;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// The wait before connecting again after a failure, while below the failure threshold.
pub const RETRY_DELAY: Duration = Duration::from_secs(1);

/// Bytes read from the socket at a time.
const READ_CHUNK: usize = 64 * 1024;

/// The analyser's configuration for an internal meter of the site model: its settings, the
/// device's transformer ratios, and the site's time zone (the tariff schedule's).
pub fn meter_config(
    meter: &InternalMeter,
    ct_ratio: f64,
    vt_ratio: f64,
    time_zone: &str,
) -> MeterConfig {
    let wiring = match meter.wiring {
        site::Wiring::SinglePhase2W => Wiring::SinglePhase2W,
        site::Wiring::SplitPhase3W => Wiring::SplitPhase3W,
        site::Wiring::ThreePhase4W => Wiring::ThreePhase4W,
        site::Wiring::ThreePhase3W => Wiring::ThreePhase3W,
        site::Wiring::WildLegDelta => Wiring::WildLegDelta,
    };
    let tariff = match &meter.tariff {
        TariffSource::T1 => TariffInput::Fixed(Tariff::T1),
        TariffSource::T2 => TariffInput::Fixed(Tariff::T2),
        TariffSource::DigitalInput => TariffInput::DigitalInput,
        TariffSource::Schedule(periods) => TariffInput::Schedule(TariffSchedule {
            time_zone: time_zone.to_owned(),
            periods: periods
                .iter()
                .map(|p| MeterPeriod {
                    weekdays: p
                        .weekdays
                        .iter()
                        .map(|d| d.to_monday_one_offset().unsigned_abs())
                        .collect(),
                    from: civil_time(p.from),
                    to: civil_time(p.to),
                })
                .collect(),
        }),
    };
    MeterConfig {
        wiring,
        nominal_frequency: meter.nominal_frequency.map(|f| match f {
            site::NominalFrequency::Hz50 => NominalFrequency::Hz50,
            site::NominalFrequency::Hz60 => NominalFrequency::Hz60,
        }),
        nominal_voltage_v: meter.nominal_voltage_v,
        ct_ratio,
        vt_ratio,
        neutral: match meter.neutral {
            site::NeutralCurrent::Auto => MeterNeutral::Auto,
            site::NeutralCurrent::Measured => MeterNeutral::Measured,
            site::NeutralCurrent::Computed => MeterNeutral::Computed,
        },
        tariff,
        run_threshold_w: meter.run_threshold_w,
    }
}

/// A time of day of the site model as the analyser's schedule takes it: `24:00` is the last
/// instant of the day (a period "to 24:00" then ends a nanosecond early).
fn civil_time(t: site::TimeOfDay) -> jiff::civil::Time {
    if t == site::TimeOfDay::END_OF_DAY {
        return jiff::civil::Time::MAX;
    }
    jiff::civil::Time::new(t.hour() as i8, t.minute() as i8, 0, 0).unwrap_or(jiff::civil::Time::MIN)
}

/// One waveform link and the internal meter it feeds.
#[derive(Debug, Clone)]
pub struct WaveformSpec {
    /// The link's id, for messages.
    pub link: String,
    /// Where the source listens.
    pub endpoint: StreamEndpoint,
    /// How long without a complete frame before the wait counts as a failure.
    pub timeout: Duration,
    /// Consecutive failures before the device shows "communication error".
    pub failures_before_error: u32,
    /// The internal meter.
    pub device: DeviceId,
    /// Its analyser's settings, transformer ratios included.
    pub meter: MeterConfig,
    /// How often momentary values are emitted.
    pub fast_period: Duration,
    /// How often counters are emitted (not shorter than `fast_period`).
    pub slow_period: Duration,
    /// Values the registers start from, in the points' canonical units (the last values the
    /// store holds); registers not given start at zero.
    pub initial_counters: BTreeMap<Point, i64>,
}

/// Something that happened on a waveform stream.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// A new run of samples started (the analysis restarted): after a gap, a change of sample
    /// rate or channels, or a restart of the source. (The first run is not reported.)
    NewRun(RunStart),
    /// A frame was dropped (a duplicate, or out of order).
    Dropped(DroppedFrame),
    /// Bytes that are not a good frame (noise, a bad CRC, an unknown version).
    BadBytes(DecodeError),
    /// The samples could not be analysed (a NaN ends the run).
    Unanalysable(String),
}

impl StreamEvent {
    /// A short snake_case name of the kind of event.
    pub fn kind_name(&self) -> &'static str {
        match self {
            StreamEvent::NewRun(RunStart::First) => "first_frame",
            StreamEvent::NewRun(RunStart::Gap { .. }) => "gap",
            StreamEvent::NewRun(RunStart::FormatChanged { .. }) => "format_changed",
            StreamEvent::NewRun(RunStart::Restart { .. }) => "source_restarted",
            StreamEvent::Dropped(_) => "frame_dropped",
            StreamEvent::BadBytes(_) => "bad_bytes",
            StreamEvent::Unanalysable(_) => "unanalysable",
        }
    }
}

impl fmt::Display for StreamEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamEvent::NewRun(cause) => write!(f, "new run of samples: {cause}"),
            StreamEvent::Dropped(d) => write!(
                f,
                "frame {} (first sample {}) dropped: {}",
                d.sequence,
                d.first_index,
                match d.reason {
                    ems_metering::stream::DropReason::Duplicate => "duplicate".to_owned(),
                    ems_metering::stream::DropReason::OutOfOrder { expected_index } =>
                        format!("out of order, sample {expected_index} expected"),
                }
            ),
            StreamEvent::BadBytes(e) => write!(f, "{e}"),
            StreamEvent::Unanalysable(e) => write!(f, "{e}"),
        }
    }
}

/// Why a waveform link could not be started.
#[derive(Debug, thiserror::Error)]
pub enum WaveformSetupError {
    /// The analyser refuses the settings.
    #[error("device \"{device}\": {source}")]
    Meter {
        /// The device.
        device: String,
        /// Why.
        source: Box<MeterError>,
    },
}

enum Command {
    ReadNow {
        reply: oneshot::Sender<Result<SampleBatch, ReadError>>,
    },
    RetryNow,
    DeclareCounterReset,
}

/// Controls a running waveform link. Dropping every handle stops the task.
#[derive(Clone)]
pub struct WaveformHandle {
    device: DeviceId,
    commands: mpsc::Sender<Command>,
}

impl WaveformHandle {
    /// The internal meter the link feeds.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// The meter's latest values: the last window's momentary values and the registers, or
    /// why there are none (no frame analysed yet, or the stream is down).
    pub async fn read_now(&self, device: &DeviceId) -> Result<SampleBatch, ReadError> {
        if device != &self.device {
            return Err(ReadError::UnknownDevice(device.to_string()));
        }
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::ReadNow { reply })
            .await
            .map_err(|_| ReadError::Stopped)?;
        answer.await.map_err(|_| ReadError::Stopped)?
    }

    /// Connects again at once instead of waiting for the back-off.
    pub async fn retry_now(&self) -> Result<(), ReadError> {
        self.commands
            .send(Command::RetryNow)
            .await
            .map_err(|_| ReadError::Stopped)
    }

    /// Sets the meter's registers to zero; the next counters are reported as new baselines
    /// (declared resets), so the history carries on without a drop.
    pub async fn declare_counter_reset(&self, device: &DeviceId) -> Result<(), ReadError> {
        if device != &self.device {
            return Err(ReadError::UnknownDevice(device.to_string()));
        }
        self.commands
            .send(Command::DeclareCounterReset)
            .await
            .map_err(|_| ReadError::Stopped)
    }
}

/// Starts the task of one waveform link and returns its handle. The task ends when every
/// [`WaveformHandle`] is dropped or nobody receives `events` any more.
pub fn spawn_waveform_link(
    spec: WaveformSpec,
    clock: Arc<dyn Clock>,
    events: mpsc::Sender<LinkEvent>,
) -> Result<WaveformHandle, WaveformSetupError> {
    let registers = registers_from(&spec.initial_counters, spec.meter.wiring);
    let analyzer = Analyzer::with_registers(spec.meter.clone(), registers).map_err(|source| {
        WaveformSetupError::Meter {
            device: spec.device.to_string(),
            source: Box::new(source),
        }
    })?;
    let (commands, receiver) = mpsc::channel(16);
    let handle = WaveformHandle {
        device: spec.device.clone(),
        commands,
    };
    let now = Instant::now();
    let task = WaveformTask {
        next_fast: now + spec.fast_period,
        next_slow: now,
        spec,
        clock,
        events,
        analyzer,
        receiver: Receiver::new(),
        period: RunningAggregate::default(),
        latest: None,
        status: None,
        failures: 0,
        last_reason: None,
        counters_emitted: BTreeMap::new(),
        reset_pending: false,
    };
    tokio::spawn(task.run(receiver));
    Ok(handle)
}

/// The receiver of the events is gone: the task ends.
struct Stopped;

/// Why a connection ended.
enum Ended {
    /// Counts as a failure, for this reason.
    Failed(String),
    /// Every handle is gone, or nobody listens.
    Stopped,
}

struct WaveformTask {
    spec: WaveformSpec,
    clock: Arc<dyn Clock>,
    events: mpsc::Sender<LinkEvent>,
    analyzer: Analyzer,
    receiver: Receiver,
    /// The windows measured since the last emission of momentary values, added up.
    period: RunningAggregate,
    /// The last window measured.
    latest: Option<WindowValues>,
    status: Option<DeviceStatus>,
    failures: u32,
    /// The reason of the last communication error reported.
    last_reason: Option<String>,
    next_fast: Instant,
    next_slow: Instant,
    /// The last value emitted of each counter, for the baselines of a declared reset.
    counters_emitted: BTreeMap<Point, i64>,
    reset_pending: bool,
}

/// A readable byte stream to a source.
trait Source: AsyncRead + Unpin + Send {}
impl<T: AsyncRead + Unpin + Send> Source for T {}

async fn dial(endpoint: &StreamEndpoint) -> io::Result<Box<dyn Source>> {
    match endpoint {
        StreamEndpoint::Tcp { .. } => {
            let stream = tokio::net::TcpStream::connect(endpoint.to_string()).await?;
            stream.set_nodelay(true)?;
            Ok(Box::new(stream))
        }
        #[cfg(unix)]
        StreamEndpoint::Unix(path) => Ok(Box::new(tokio::net::UnixStream::connect(path).await?)),
        #[cfg(not(unix))]
        StreamEndpoint::Unix(_) => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "Unix sockets need a Unix system",
        )),
    }
}

/// The next due time of a period: one period after the last, or one period from now when that
/// is already past (no catch-up burst).
fn next_due(last_due: Instant, period: Duration, now: Instant) -> Instant {
    let next = last_due + period;
    if next <= now { now + period } else { next }
}

impl WaveformTask {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>) {
        loop {
            let ended = self.connection(&mut commands).await;
            let reason = match ended {
                Ended::Stopped => return,
                Ended::Failed(reason) => reason,
            };
            if self.fail(reason).await.is_err() {
                return;
            }
            let wait = self.retry_delay();
            let until = Instant::now() + wait;
            loop {
                tokio::select! {
                    biased;
                    command = commands.recv() => match command {
                        None => return,
                        Some(Command::RetryNow) => break,
                        Some(command) => self.handle(command),
                    },
                    () = tokio::time::sleep_until(until) => break,
                }
            }
        }
    }

    /// How long to wait before connecting again.
    fn retry_delay(&self) -> Duration {
        let threshold = self.spec.failures_before_error.max(1);
        if self.failures < threshold {
            return RETRY_DELAY;
        }
        let extra = (self.failures - threshold).min(5);
        (RETRY_DELAY * (1u32 << extra)).min(MAX_BACK_OFF)
    }

    /// Connects, then reads and analyses frames until the connection fails or the task stops.
    async fn connection(&mut self, commands: &mut mpsc::Receiver<Command>) -> Ended {
        let timeout = self.spec.timeout;
        let endpoint = self.spec.endpoint.clone();
        let dialing = tokio::time::timeout(timeout, dial(&endpoint));
        tokio::pin!(dialing);
        let connected = loop {
            tokio::select! {
                biased;
                command = commands.recv() => match command {
                    None => return Ended::Stopped,
                    Some(command) => self.handle(command),
                },
                connected = &mut dialing => break connected,
            }
        };
        let mut stream = match connected {
            Ok(Ok(stream)) => stream,
            Ok(Err(error)) => {
                return Ended::Failed(format!("cannot connect to {endpoint}: {error}"));
            }
            Err(_) => {
                return Ended::Failed(format!(
                    "cannot connect to {endpoint}: no answer within {} ms",
                    timeout.as_millis()
                ));
            }
        };
        tracing::debug!(link = %self.spec.link, %endpoint, "connected to the waveform source");
        let mut decoder = Decoder::new();
        let mut buffer = vec![0u8; READ_CHUNK];
        let mut deadline = Instant::now() + timeout;
        loop {
            let emit_at = self.next_fast;
            // Commands and emissions first, so that a stream that is always readable (a source
            // catching up) cannot starve them.
            tokio::select! {
                biased;
                command = commands.recv() => match command {
                    None => return Ended::Stopped,
                    Some(command) => self.handle(command),
                },
                () = tokio::time::sleep_until(emit_at) => {
                    if self.emit().await.is_err() {
                        return Ended::Stopped;
                    }
                }
                read = stream.read(&mut buffer) => match read {
                    Ok(0) => return Ended::Failed(format!("{endpoint} closed the stream")),
                    Ok(n) => match self.take_bytes(&mut decoder, buffer.get(..n).unwrap_or(&[])).await {
                        Ok(true) => deadline = Instant::now() + timeout,
                        Ok(false) => {}
                        Err(Stopped) => return Ended::Stopped,
                    },
                    Err(error) => return Ended::Failed(format!("reading from {endpoint}: {error}")),
                },
                () = tokio::time::sleep_until(deadline) => {
                    return Ended::Failed(format!(
                        "no frame from {endpoint} within {} ms",
                        timeout.as_millis()
                    ));
                }
            }
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::ReadNow { reply } => {
                let _ = reply.send(self.latest_batch());
            }
            Command::RetryNow => {}
            Command::DeclareCounterReset => {
                *self.analyzer.registers_mut() = EnergyRegisters::default();
                self.reset_pending = true;
                // The new baselines go out with the next counters.
                self.next_slow = Instant::now();
            }
        }
    }

    async fn send(&self, event: LinkEvent) -> Result<(), Stopped> {
        self.events.send(event).await.map_err(|_| Stopped)
    }

    /// Counts a failure, and reports "communication error" at the threshold (or when the
    /// reason of an error already reported changes).
    async fn fail(&mut self, reason: String) -> Result<(), Stopped> {
        self.failures = self.failures.saturating_add(1);
        tracing::debug!(link = %self.spec.link, failures = self.failures, %reason, "waveform stream failure");
        if self.failures < self.spec.failures_before_error.max(1) {
            return Ok(());
        }
        self.error_status(reason).await
    }

    async fn error_status(&mut self, reason: String) -> Result<(), Stopped> {
        if self.status == Some(DeviceStatus::CommunicationError)
            && self.last_reason.as_deref() == Some(reason.as_str())
        {
            return Ok(());
        }
        self.status = Some(DeviceStatus::CommunicationError);
        self.last_reason = Some(reason.clone());
        self.latest = None;
        self.period.clear();
        self.send(LinkEvent::Status {
            device: self.spec.device.clone(),
            status: DeviceStatus::CommunicationError,
            at: self.clock.now(),
            reason: Some(reason),
        })
        .await
    }

    async fn stream_event(&self, event: StreamEvent) -> Result<(), Stopped> {
        match &event {
            StreamEvent::NewRun(RunStart::First) => {
                tracing::debug!(link = %self.spec.link, device = %self.spec.device, "{event}");
                return Ok(());
            }
            StreamEvent::BadBytes(_) | StreamEvent::Dropped(_) => {
                tracing::debug!(link = %self.spec.link, device = %self.spec.device, "{event}");
            }
            _ => tracing::info!(link = %self.spec.link, device = %self.spec.device, "{event}"),
        }
        self.send(LinkEvent::Stream {
            device: self.spec.device.clone(),
            at: self.clock.now(),
            event,
        })
        .await
    }

    /// Decodes and analyses bytes received; true when they completed a frame (the source is
    /// alive, whether or not its samples could be analysed).
    async fn take_bytes(&mut self, decoder: &mut Decoder, bytes: &[u8]) -> Result<bool, Stopped> {
        let decoded: Vec<Result<Frame, DecodeError>> = decoder.feed(bytes).collect();
        let mut received = false;
        for item in decoded {
            match item {
                Err(error) => self.stream_event(StreamEvent::BadBytes(error)).await?,
                Ok(frame) => {
                    received = true;
                    match self.receiver.push(frame) {
                        Received::Continued(block) => self.analyse(&block).await?,
                        Received::NewRun { block, cause } => {
                            self.analyzer.restart();
                            self.stream_event(StreamEvent::NewRun(cause)).await?;
                            self.analyse(&block).await?;
                        }
                        Received::Dropped(dropped) => {
                            self.stream_event(StreamEvent::Dropped(dropped)).await?;
                        }
                    }
                }
            }
        }
        Ok(received)
    }

    /// Runs one block through the analyser. A stream the analyser cannot use for this meter
    /// (channels missing for the wiring, a sample rate too low) makes the device
    /// "communication error" with the reason, until a block is analysed again.
    async fn analyse(&mut self, block: &Block) -> Result<(), Stopped> {
        // Samples are secondary values: the analyser applies the ratios of its configuration.
        let mut waveforms = block.to_waveforms(|_| 1.0);
        if waveforms.start.is_none() {
            // A source without a clock: the frame's last sample is about now.
            let duration = SignedDuration::try_from_secs_f64(waveforms.duration_s())
                .unwrap_or(SignedDuration::ZERO);
            waveforms.start = Some(self.clock.now() - duration);
        }
        match self.analyzer.push(&waveforms) {
            Ok(windows) => {
                for window in windows {
                    self.period.add(&window);
                    self.latest = Some(window);
                }
                self.failures = 0;
                if self.status != Some(DeviceStatus::On) {
                    self.status = Some(DeviceStatus::On);
                    self.last_reason = None;
                    self.send(LinkEvent::Status {
                        device: self.spec.device.clone(),
                        status: DeviceStatus::On,
                        at: self.clock.now(),
                        reason: None,
                    })
                    .await?;
                }
                Ok(())
            }
            Err(error @ MeterError::NotANumber { .. }) => {
                // The run ends; the next block starts another.
                self.stream_event(StreamEvent::Unanalysable(error.to_string()))
                    .await
            }
            Err(MeterError::LayoutChanged(_)) => {
                // The receiver starts a new run at every change of format: not expected, but
                // harmless to recover from.
                self.analyzer.restart();
                Ok(())
            }
            Err(error) => {
                // A fault of the installation, not of the connection: shown as the status.
                self.failures = self.spec.failures_before_error.max(1);
                self.error_status(format!("the stream cannot be analysed: {error}"))
                    .await
            }
        }
    }

    /// Emits the momentary values of the windows of the last fast period, with the counters
    /// when they are due.
    async fn emit(&mut self) -> Result<(), Stopped> {
        let now = Instant::now();
        self.next_fast = next_due(self.next_fast, self.spec.fast_period, now);
        let counters_due = self.next_slow <= now && self.status == Some(DeviceStatus::On);
        let mut samples = Vec::new();
        let spectrum = self.period.take().map(|values| {
            momentary_samples(&values, self.spec.meter.wiring, &mut samples);
            spectrum_of(values, self.spec.meter.wiring)
        });
        let at = self.clock.now();
        if counters_due {
            self.next_slow = next_due(self.next_slow, self.spec.slow_period, now);
            let first_counter = samples.len();
            counter_samples(
                self.analyzer.registers(),
                self.spec.meter.wiring,
                &mut samples,
            );
            let counters: Vec<(Point, i64)> = samples
                .get(first_counter..)
                .unwrap_or(&[])
                .iter()
                .filter_map(|s| match s.value {
                    Value::Counter(v) => Some((s.point, v)),
                    Value::Float(_) => None,
                })
                .collect();
            if std::mem::take(&mut self.reset_pending) {
                for &(point, value) in &counters {
                    if let Some(&previous) = self.counters_emitted.get(&point) {
                        self.send(LinkEvent::Counter {
                            device: self.spec.device.clone(),
                            point,
                            at,
                            verdict: CounterVerdict::Rebased {
                                previous,
                                value,
                                declared: true,
                            },
                        })
                        .await?;
                    }
                }
            }
            self.counters_emitted.extend(counters);
        }
        if !samples.is_empty() {
            self.send(LinkEvent::Samples(SampleBatch {
                device: self.spec.device.clone(),
                timestamp: at,
                samples,
            }))
            .await?;
        }
        match spectrum {
            Some(spectrum) => {
                self.send(LinkEvent::Spectrum {
                    device: self.spec.device.clone(),
                    at,
                    spectrum: Arc::new(spectrum),
                })
                .await
            }
            None => Ok(()),
        }
    }

    /// The last window's values and the registers.
    fn latest_batch(&self) -> Result<SampleBatch, ReadError> {
        let Some(window) = self
            .latest
            .as_ref()
            .filter(|_| self.status == Some(DeviceStatus::On))
        else {
            return Err(ReadError::NotMeasured {
                device: self.spec.device.to_string(),
                reason: self
                    .last_reason
                    .clone()
                    .unwrap_or_else(|| "no frame analysed yet".to_owned()),
            });
        };
        let mut samples = Vec::new();
        momentary_samples(window, self.spec.meter.wiring, &mut samples);
        counter_samples(
            self.analyzer.registers(),
            self.spec.meter.wiring,
            &mut samples,
        );
        Ok(SampleBatch {
            device: self.spec.device.clone(),
            timestamp: self.clock.now(),
            samples,
        })
    }
}

fn point(name: &str) -> Option<Point> {
    Point::from_name(name)
}

fn push(samples: &mut Vec<Sample>, name: &str, value: Option<f64>) {
    if let (Some(point), Some(v)) = (point(name), value)
        && v.is_finite()
    {
        samples.push(Sample {
            point,
            value: Value::Float(v),
            quality: Quality::Good,
        });
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// The canonical points of a window's (or an aggregate's) values. Line-to-neutral voltages are
/// left out of a three-wire system, which has no neutral (its per-phase values are taken
/// against a virtual star point, which the powers need but no user reads as a voltage).
pub fn momentary_samples(values: &WindowValues, wiring: Wiring, samples: &mut Vec<Sample>) {
    let star_only = wiring == Wiring::ThreePhase3W;
    for p in &values.phases {
        let n = match p.phase {
            Phase::L1 => "l1",
            Phase::L2 => "l2",
            Phase::L3 => "l3",
        };
        if !star_only {
            push(samples, &format!("voltage_{n}"), Some(p.voltage_v));
            push(samples, &format!("thd_voltage_{n}"), p.voltage_thd_percent);
        }
        push(samples, &format!("current_{n}"), Some(p.current_a));
        push(
            samples,
            &format!("active_power_{n}"),
            Some(p.active_power_w),
        );
        push(
            samples,
            &format!("reactive_power_{n}"),
            Some(p.reactive_power_var),
        );
        push(
            samples,
            &format!("apparent_power_{n}"),
            Some(p.apparent_power_va),
        );
        push(samples, &format!("power_factor_{n}"), p.power_factor);
        push(samples, &format!("thd_current_{n}"), p.current_thd_percent);
    }
    if !star_only {
        push(
            samples,
            "voltage_ln_average",
            mean(values.phases.iter().map(|p| p.voltage_v)),
        );
    }
    push(
        samples,
        "current_average",
        mean(values.phases.iter().map(|p| p.current_a)),
    );
    for l in &values.lines {
        let name = match l.pair {
            LinePair::L1L2 => "l1_l2",
            LinePair::L2L3 => "l2_l3",
            LinePair::L3L1 => "l3_l1",
        };
        push(samples, &format!("voltage_{name}"), Some(l.voltage_v));
        push(samples, &format!("thd_voltage_{name}"), l.thd_percent);
    }
    push(
        samples,
        "voltage_ll_average",
        mean(values.lines.iter().map(|l| l.voltage_v)),
    );
    let system = &values.system;
    push(samples, "current_n", system.neutral_current_a);
    push(samples, "active_power", Some(system.active_power_w));
    push(samples, "reactive_power", Some(system.reactive_power_var));
    push(samples, "apparent_power", Some(system.apparent_power_va));
    push(samples, "power_factor", system.power_factor);
    push(samples, "frequency", values.frequency_hz);
    push(
        samples,
        "voltage_unbalance",
        system.voltage_unbalance_percent,
    );
}

/// The harmonic spectrum of a window's (or an aggregate's) values. As with the points, a
/// three-wire system has no voltages to neutral: only its line-to-line voltages are given.
pub fn spectrum_of(values: WindowValues, wiring: Wiring) -> Spectrum {
    let star_only = wiring == Wiring::ThreePhase3W;
    let phase = |p: Phase| match p {
        Phase::L1 => spectrum::Phase::L1,
        Phase::L2 => spectrum::Phase::L2,
        Phase::L3 => spectrum::Phase::L3,
    };
    let mut voltage_v = Vec::new();
    let mut current_a = Vec::new();
    for p in values.phases {
        if !star_only {
            voltage_v.push((phase(p.phase), Orders(p.voltage_harmonics_v.0)));
        }
        current_a.push((phase(p.phase), Orders(p.current_harmonics_a.0)));
    }
    let line_voltage_v = values
        .lines
        .into_iter()
        .map(|l| {
            let pair = match l.pair {
                LinePair::L1L2 => spectrum::LinePair::L1L2,
                LinePair::L2L3 => spectrum::LinePair::L2L3,
                LinePair::L3L1 => spectrum::LinePair::L3L1,
            };
            (pair, Orders(l.harmonics_v.0))
        })
        .collect();
    Spectrum {
        fundamental_hz: values.frequency_hz,
        voltage_v,
        current_a,
        line_voltage_v,
    }
}

/// Every counter point of the registers and the register behind it, for the phases of
/// `wiring`: the one mapping between points and registers, for reading them and for starting
/// them from stored values.
fn counter_registers(
    registers: &mut EnergyRegisters,
    wiring: Wiring,
) -> Vec<(&'static str, &mut Register)> {
    let EnergyRegisters {
        active_wh,
        reactive_varh,
        apparent_vah,
        phase_active_wh,
        phase_reactive_varh,
        quadrants,
        import_by_tariff_wh: [import_t1, import_t2],
        export_by_tariff_wh: [export_t1, export_t2],
        run_import_s,
        run_export_s,
        on_s,
        partials: _,
    } = registers;
    let [reactive_q1, reactive_q2, reactive_q3, reactive_q4] = &mut quadrants.reactive_varh;
    let [active_q1, active_q2, active_q3, active_q4] = &mut quadrants.active_wh;
    let [apparent_q1, apparent_q2, apparent_q3, apparent_q4] = &mut quadrants.apparent_vah;
    let mut out = vec![
        ("energy_active_import", &mut active_wh.import),
        ("energy_active_export", &mut active_wh.export),
        ("energy_active_import_t1", import_t1),
        ("energy_active_import_t2", import_t2),
        ("energy_active_export_t1", export_t1),
        ("energy_active_export_t2", export_t2),
        ("energy_reactive_import", &mut reactive_varh.import),
        ("energy_reactive_export", &mut reactive_varh.export),
        ("energy_reactive_q1", reactive_q1),
        ("energy_reactive_q2", reactive_q2),
        ("energy_reactive_q3", reactive_q3),
        ("energy_reactive_q4", reactive_q4),
        ("energy_apparent", apparent_vah),
        ("run_time", on_s),
        ("energy_active_q1", active_q1),
        ("energy_active_q2", active_q2),
        ("energy_active_q3", active_q3),
        ("energy_active_q4", active_q4),
        ("energy_apparent_q1", apparent_q1),
        ("energy_apparent_q2", apparent_q2),
        ("energy_apparent_q3", apparent_q3),
        ("energy_apparent_q4", apparent_q4),
        ("run_time_import", run_import_s),
        ("run_time_export", run_export_s),
    ];
    const PHASE_NAMES: [[&str; 4]; 3] = [
        [
            "energy_active_import_l1",
            "energy_active_export_l1",
            "energy_reactive_import_l1",
            "energy_reactive_export_l1",
        ],
        [
            "energy_active_import_l2",
            "energy_active_export_l2",
            "energy_reactive_import_l2",
            "energy_reactive_export_l2",
        ],
        [
            "energy_active_import_l3",
            "energy_active_export_l3",
            "energy_reactive_import_l3",
            "energy_reactive_export_l3",
        ],
    ];
    let phases = wiring.phases();
    for (i, (active, reactive)) in phase_active_wh
        .iter_mut()
        .zip(phase_reactive_varh.iter_mut())
        .enumerate()
    {
        if !phases.iter().any(|p| p.index() == i) {
            continue;
        }
        let [ai, ae, ri, re] = PHASE_NAMES[i];
        out.push((ai, &mut active.import));
        out.push((ae, &mut active.export));
        out.push((ri, &mut reactive.import));
        out.push((re, &mut reactive.export));
    }
    out
}

/// The registers as counter samples, in the points' canonical units (whole Wh, varh, VAh and
/// seconds).
pub fn counter_samples(registers: &EnergyRegisters, wiring: Wiring, samples: &mut Vec<Sample>) {
    let mut registers = registers.clone();
    for (name, register) in counter_registers(&mut registers, wiring) {
        if let Some(point) = point(name) {
            samples.push(Sample {
                point,
                value: Value::Counter(i64::try_from(register.value()).unwrap_or(i64::MAX)),
                quality: Quality::Good,
            });
        }
    }
}

/// Registers starting from stored counter values (whole units; counters not given start at
/// zero, and values of points the meter does not count are ignored).
fn registers_from(initial: &BTreeMap<Point, i64>, wiring: Wiring) -> EnergyRegisters {
    let mut registers = EnergyRegisters::default();
    for (name, register) in counter_registers(&mut registers, wiring) {
        if let Some(&value) = point(name).and_then(|p| initial.get(&p)) {
            *register = Register::at(value.max(0).unsigned_abs());
        }
    }
    registers
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::site::{TariffPeriod, TimeOfDay};
    use jiff::Timestamp;

    #[test]
    fn every_counter_the_meter_emits_can_start_from_a_stored_value() {
        let mut samples = Vec::new();
        counter_samples(
            &EnergyRegisters::default(),
            Wiring::ThreePhase4W,
            &mut samples,
        );
        assert_eq!(samples.len(), 24 + 12);
        let mut stored: BTreeMap<Point, i64> = samples
            .iter()
            .enumerate()
            .map(|(i, sample)| (sample.point, 1000 + i as i64))
            .collect();
        stored.insert(point("gas_volume").unwrap(), 7);
        let registers = registers_from(&stored, Wiring::ThreePhase4W);
        let mut again = Vec::new();
        counter_samples(&registers, Wiring::ThreePhase4W, &mut again);
        assert_eq!(again.len(), samples.len());
        for (i, sample) in again.iter().enumerate() {
            assert_eq!(
                sample.value,
                Value::Counter(1000 + i as i64),
                "{}",
                sample.point
            );
            assert!(sample.point.is_counter(), "{}", sample.point);
        }
    }

    #[test]
    fn a_single_phase_meter_emits_no_counters_of_other_phases() {
        let mut samples = Vec::new();
        counter_samples(
            &EnergyRegisters::default(),
            Wiring::SinglePhase2W,
            &mut samples,
        );
        let names: Vec<&str> = samples.iter().map(|s| s.point.name()).collect();
        assert!(names.contains(&"energy_active_import_l1"));
        assert!(!names.contains(&"energy_active_import_l2"));
    }

    #[test]
    fn the_site_models_settings_become_the_analysers() {
        let mut meter = InternalMeter::new(site::Wiring::WildLegDelta);
        meter.nominal_frequency = Some(site::NominalFrequency::Hz60);
        meter.neutral = site::NeutralCurrent::Computed;
        meter.tariff = TariffSource::Schedule(vec![TariffPeriod {
            weekdays: vec![jiff::civil::Weekday::Saturday, jiff::civil::Weekday::Sunday],
            from: TimeOfDay::MIDNIGHT,
            to: TimeOfDay::END_OF_DAY,
        }]);
        let config = meter_config(&meter, 40.0, 2.0, "Europe/Rome");
        assert_eq!(config.wiring, Wiring::WildLegDelta);
        assert_eq!(config.nominal_frequency, Some(NominalFrequency::Hz60));
        assert_eq!((config.ct_ratio, config.vt_ratio), (40.0, 2.0));
        assert_eq!(config.neutral, MeterNeutral::Computed);
        let TariffInput::Schedule(schedule) = &config.tariff else {
            panic!("{:?}", config.tariff)
        };
        assert_eq!(schedule.periods[0].weekdays, [6, 7]);
        // Saturday 2026-11-21 23:59:59 local is tariff 2, Monday noon tariff 1.
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(
            schedule.tariff_at(at("2026-11-21T22:59:59Z")),
            Ok(Tariff::T2)
        );
        assert_eq!(
            schedule.tariff_at(at("2026-11-23T11:00:00Z")),
            Ok(Tariff::T1)
        );
        assert!(config.validate().is_ok());
    }
}
