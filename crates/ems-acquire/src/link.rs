//! The link task: one per physical link, polling its devices one request at a time.

use crate::counter::{CounterGuard, CounterVerdict};
use crate::error::{ErrorClass, TransportError};
use crate::scan::{FoundUnit, identify_unit};
use crate::transport::Transport;
use ems_model::spectrum::Spectrum;
use ems_model::{Clock, DeviceId, DeviceStatus, Point, Quality, Sample, SampleBatch, Value};
use ems_profile::codec::DecodeContext;
use ems_profile::plan::{PlanError, ReadPlan};
use ems_profile::schema::{DeviceKind, PollClass, RegisterType};
use ems_profile::{IdentifyPlan, Profile};
use jiff::Timestamp;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// Longest wait between two attempts to reach a device in communication error.
pub const MAX_BACK_OFF: Duration = Duration::from_secs(30);

/// The settings of one link.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    /// The link's id, for messages.
    pub id: String,
    /// Consecutive failed polls before a device shows "communication error".
    pub failures_before_error: u32,
}

/// One device polled on a link.
#[derive(Debug, Clone)]
pub struct DeviceSpec {
    /// The device.
    pub id: DeviceId,
    /// Its Modbus unit id.
    pub unit_id: u8,
    /// Its register map.
    pub profile: Arc<Profile>,
    /// Period of the fast class (momentary values).
    pub fast_period: Duration,
    /// Period of the slow class (counters).
    pub slow_period: Duration,
    /// How long to wait for each answer.
    pub timeout: Duration,
    /// Current transformer ratio applied to registers the device reports on the secondary side.
    pub ct_ratio: f64,
    /// Voltage transformer ratio, likewise.
    pub vt_ratio: f64,
    /// Read each value in its own request instead of coalesced blocks.
    pub one_value_per_read: bool,
}

/// What a link reports.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkEvent {
    /// Values read from one device.
    Samples(SampleBatch),
    /// A device's status changed.
    Status {
        /// The device.
        device: DeviceId,
        /// The new status.
        status: DeviceStatus,
        /// When it changed.
        at: Timestamp,
        /// Why (the last error), for a change to communication error.
        reason: Option<String>,
    },
    /// A counter reading was implausible, wrapped, or started a new baseline.
    Counter {
        /// The device.
        device: DeviceId,
        /// The counter.
        point: Point,
        /// When it was read.
        at: Timestamp,
        /// What happened.
        verdict: CounterVerdict,
    },
    /// The harmonic spectrum of an internal meter over the last fast period, with its
    /// momentary values (it replaces the one before; no other device measures one).
    Spectrum {
        /// The internal meter.
        device: DeviceId,
        /// When it was measured: the time of the momentary values of the same period.
        at: Timestamp,
        /// The RMS value of each order, shared by everyone the event reaches.
        spectrum: Arc<Spectrum>,
    },
    /// Something happened on the waveform stream of an internal meter (a gap, a restart of the
    /// source, bad bytes).
    Stream {
        /// The internal meter.
        device: DeviceId,
        /// When it was noticed.
        at: Timestamp,
        /// What happened.
        event: crate::waveform::StreamEvent,
    },
}

/// Why a read on request failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The device is not on this link.
    #[error("device \"{0}\" is not on this link")]
    UnknownDevice(String),
    /// The request failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The link task has stopped.
    #[error("the link has stopped")]
    Stopped,
    /// The device's profile cannot be read with (no plan).
    #[error(transparent)]
    Setup(#[from] LinkSetupError),
    /// An internal meter has no values to give: nothing analysed yet, or its stream is down.
    #[error("device \"{device}\" has no measurement: {reason}")]
    NotMeasured {
        /// The device.
        device: String,
        /// Why.
        reason: String,
    },
}

/// Why a link could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum LinkSetupError {
    /// A device's profile could not be planned.
    #[error("device \"{device}\": {source}")]
    Plan {
        /// The device.
        device: String,
        /// Why.
        source: PlanError,
    },
}

enum Command {
    ReadNow {
        device: DeviceId,
        reply: oneshot::Sender<Result<SampleBatch, ReadError>>,
    },
    RetryNow {
        device: DeviceId,
    },
    DeclareCounterReset {
        device: DeviceId,
    },
    ReadOnce {
        spec: Box<DeviceSpec>,
        reply: oneshot::Sender<Result<SampleBatch, ReadError>>,
    },
    Connect {
        timeout: Duration,
        reply: oneshot::Sender<Result<(), TransportError>>,
    },
    IdentifyUnit {
        unit_id: u8,
        plan: Arc<IdentifyPlan>,
        timeout: Duration,
        reply: oneshot::Sender<Result<Option<FoundUnit>, TransportError>>,
    },
}

/// Controls a running link. Dropping every handle stops the link task.
#[derive(Clone)]
pub struct LinkHandle {
    commands: mpsc::Sender<Command>,
}

impl LinkHandle {
    /// Sends the command `make` builds around a reply channel to the link task and waits for
    /// its answer; a link that stopped answers [`ReadError::Stopped`].
    async fn request<T, E>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, E>>) -> Command,
    ) -> Result<T, ReadError>
    where
        ReadError: From<E>,
    {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(make(reply))
            .await
            .map_err(|_| ReadError::Stopped)?;
        answer
            .await
            .map_err(|_| ReadError::Stopped)?
            .map_err(ReadError::from)
    }

    /// Reads every value of `device` at once (the "Test" button) and answers with the values or
    /// the exact error. A device in back-off is retried by this, and its status updated.
    pub async fn read_now(&self, device: &DeviceId) -> Result<SampleBatch, ReadError> {
        self.request(|reply| Command::ReadNow {
            device: device.clone(),
            reply,
        })
        .await
    }

    /// Reads every value of a device that this link does not poll (one being added: the
    /// wizard's "Test"), between the link's own requests, over the link's own connection: a
    /// bus has one owner, so a test never opens the port a second time.
    pub async fn read_once(&self, spec: DeviceSpec) -> Result<SampleBatch, ReadError> {
        self.request(|reply| Command::ReadOnce {
            spec: Box::new(spec),
            reply,
        })
        .await
    }

    /// Opens the link's connection unless it is open (the gateway's "Test"): whether the bus
    /// can be reached, without a second connection to it.
    pub async fn connect(&self, timeout: Duration) -> Result<(), ReadError> {
        self.request(|reply| Command::Connect { timeout, reply })
            .await
    }

    /// Probes one unit id of the bus and identifies what answers there (one step of a bus
    /// scan, see [`crate::scan`]), between the link's own requests, over its own connection.
    /// Devices that are due are polled first, so a scan never holds up polling.
    pub async fn identify_unit(
        &self,
        unit_id: u8,
        plan: Arc<IdentifyPlan>,
        timeout: Duration,
    ) -> Result<Option<FoundUnit>, ReadError> {
        self.request(|reply| Command::IdentifyUnit {
            unit_id,
            plan,
            timeout,
            reply,
        })
        .await
    }

    /// A handle that does not keep the link running: the link stops when its last
    /// [`LinkHandle`] is dropped, whoever holds weak ones.
    pub fn downgrade(&self) -> WeakLinkHandle {
        WeakLinkHandle {
            commands: self.commands.downgrade(),
        }
    }

    /// Polls `device` at once instead of waiting for its back-off.
    pub async fn retry_now(&self, device: &DeviceId) -> Result<(), ReadError> {
        self.commands
            .send(Command::RetryNow {
                device: device.clone(),
            })
            .await
            .map_err(|_| ReadError::Stopped)
    }

    /// Declares that the counters of `device` were reset (or the meter replaced): their next
    /// readings start new baselines.
    pub async fn declare_counter_reset(&self, device: &DeviceId) -> Result<(), ReadError> {
        self.commands
            .send(Command::DeclareCounterReset {
                device: device.clone(),
            })
            .await
            .map_err(|_| ReadError::Stopped)
    }
}

/// A handle to a link that does not keep it running (a bus scan holds one).
#[derive(Clone)]
pub struct WeakLinkHandle {
    commands: mpsc::WeakSender<Command>,
}

impl WeakLinkHandle {
    /// A handle to the link, while it runs.
    pub fn upgrade(&self) -> Option<LinkHandle> {
        self.commands
            .upgrade()
            .map(|commands| LinkHandle { commands })
    }
}

/// A device's polling state on its link.
struct DeviceState {
    spec: DeviceSpec,
    fast: ReadPlan,
    slow: ReadPlan,
    context: DecodeContext,
    next_fast: Instant,
    next_slow: Instant,
    /// While failing: when to try again.
    retry_at: Option<Instant>,
    failures: u32,
    status: Option<DeviceStatus>,
    /// One guard per counter point of the profile, by point.
    counters: Vec<(Point, CounterGuard)>,
}

impl DeviceState {
    fn new(spec: DeviceSpec, now: Instant) -> Result<Self, LinkSetupError> {
        let plan = |class| {
            if spec.one_value_per_read {
                ReadPlan::one_value_per_read(&spec.profile, class)
            } else {
                ReadPlan::new(&spec.profile, class)
            }
            .map_err(|source| LinkSetupError::Plan {
                device: spec.id.to_string(),
                source,
            })
        };
        let fast = plan(PollClass::Fast)?;
        let slow = plan(PollClass::Slow)?;
        let mut context = DecodeContext::for_profile(&spec.profile);
        context.ct_ratio = spec.ct_ratio;
        context.vt_ratio = spec.vt_ratio;
        let counters = spec
            .profile
            .registers
            .iter()
            .filter(|r| r.point.is_counter())
            .map(|r| {
                let max_rate = max_rate_per_second(&spec, r.point);
                let modulus = wrap_modulus(r, spec.ct_ratio, spec.vt_ratio);
                (r.point, CounterGuard::new(max_rate, modulus))
            })
            .collect();
        Ok(DeviceState {
            spec,
            fast,
            slow,
            context,
            next_fast: now,
            next_slow: now,
            retry_at: None,
            failures: 0,
            status: None,
            counters,
        })
    }

    fn due(&self) -> Instant {
        self.retry_at.unwrap_or(self.next_fast.min(self.next_slow))
    }
}

/// The fastest rate a counter of this device can plausibly rise at, in canonical units per
/// second: 10 MW (times the transformer ratios) for electrical energy, 1000 m³/h for volumes,
/// real time (with margin) for run time.
fn max_rate_per_second(spec: &DeviceSpec, point: Point) -> f64 {
    use ems_model::Dimension;
    match point.unit().dimension() {
        Dimension::Volume => 1_000_000.0 / 3600.0,
        Dimension::Duration => 1.5,
        _ => {
            let ratio = spec.ct_ratio.max(1.0) * spec.vt_ratio.max(1.0);
            let base = if spec.profile.kind == DeviceKind::ElectricityMeter {
                10e6
            } else {
                1e6
            };
            base * ratio / 3600.0
        }
    }
}

/// The range of an unsigned integer counter register in canonical units: where it wraps.
fn wrap_modulus(register: &ems_profile::Register, ct: f64, vt: f64) -> Option<i64> {
    let bits = match register.ty {
        RegisterType::U16 => 16,
        RegisterType::U32 => 32,
        _ => return None,
    };
    if register.scale_exponent_address.is_some() {
        return None;
    }
    let ratio = match register.ratio {
        None => 1.0,
        Some(ems_profile::schema::RatioApplied::Ct) => ct,
        Some(ems_profile::schema::RatioApplied::Vt) => vt,
        Some(ems_profile::schema::RatioApplied::CtVt) => ct * vt,
    };
    let range = 2f64.powi(bits) * register.scale * register.unit.factor_to_canonical() * ratio;
    (1.0..9e18).contains(&range).then(|| range.round() as i64)
}

/// Starts the task of one link and returns its handle.
///
/// The task polls every device at its own periods, one request at a time, and reports on
/// `events`. It ends when every [`LinkHandle`] is dropped.
pub fn spawn_link(
    settings: LinkSettings,
    transport: Transport,
    devices: Vec<DeviceSpec>,
    clock: Arc<dyn Clock>,
    events: mpsc::Sender<LinkEvent>,
) -> Result<LinkHandle, LinkSetupError> {
    let now = Instant::now();
    let devices = devices
        .into_iter()
        .map(|spec| DeviceState::new(spec, now))
        .collect::<Result<Vec<_>, _>>()?;
    let (commands, receiver) = mpsc::channel(16);
    let task = LinkTask {
        settings,
        transport,
        devices,
        clock,
        events,
        words: Vec::new(),
    };
    tokio::spawn(task.run(receiver));
    Ok(LinkHandle { commands })
}

struct LinkTask {
    settings: LinkSettings,
    transport: Transport,
    devices: Vec<DeviceState>,
    clock: Arc<dyn Clock>,
    events: mpsc::Sender<LinkEvent>,
    /// Reused answer buffers, one per block.
    words: Vec<Vec<u16>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PollKind {
    Scheduled,
    OnRequest,
}

impl LinkTask {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>) {
        loop {
            let next = self
                .devices
                .iter()
                .enumerate()
                .min_by_key(|(_, d)| d.due())
                .map(|(i, d)| (i, d.due()));
            let command = match next {
                Some((index, due)) => {
                    tokio::select! {
                        biased;
                        command = commands.recv() => command,
                        () = tokio::time::sleep_until(due) => {
                            if self.poll(index, PollKind::Scheduled).await.is_err() {
                                return;
                            }
                            continue;
                        }
                    }
                }
                None => commands.recv().await,
            };
            let Some(command) = command else { return };
            if self.handle(command).await.is_err() {
                return;
            }
        }
    }

    async fn handle(&mut self, command: Command) -> Result<(), Stopped> {
        match command {
            Command::ReadNow { device, reply } => {
                let Some(index) = self.index_of(&device) else {
                    let _ = reply.send(Err(ReadError::UnknownDevice(device.to_string())));
                    return Ok(());
                };
                let result = self.poll(index, PollKind::OnRequest).await?;
                let _ = reply.send(result.map_err(ReadError::from));
            }
            Command::RetryNow { device } => {
                if let Some(index) = self.index_of(&device)
                    && let Some(d) = self.devices.get_mut(index)
                {
                    let now = Instant::now();
                    d.retry_at = d.retry_at.map(|_| now);
                    d.next_fast = now;
                }
            }
            Command::DeclareCounterReset { device } => {
                if let Some(index) = self.index_of(&device)
                    && let Some(d) = self.devices.get_mut(index)
                {
                    d.counters.iter_mut().for_each(|(_, g)| g.declare_reset());
                }
            }
            Command::ReadOnce { spec, reply } => {
                let result = read_once(&mut self.transport, *spec, self.clock.as_ref()).await;
                let _ = reply.send(result);
            }
            Command::Connect { timeout, reply } => {
                let _ = reply.send(self.transport.connect(timeout).await);
            }
            Command::IdentifyUnit {
                unit_id,
                plan,
                timeout,
                reply,
            } => {
                self.poll_overdue().await?;
                let found = identify_unit(&mut self.transport, unit_id, &plan, timeout).await;
                let _ = reply.send(found);
            }
        }
        Ok(())
    }

    /// Polls once every device whose poll is due (before a scan step, which the scan sends
    /// one after the other: polling goes on between them whatever the order of arrival).
    async fn poll_overdue(&mut self) -> Result<(), Stopped> {
        let now = Instant::now();
        let due: Vec<usize> = (0..self.devices.len())
            .filter(|&i| self.devices.get(i).is_some_and(|d| d.due() <= now))
            .collect();
        for index in due {
            // Its outcome goes out as events, as for a scheduled poll.
            let _polled = self.poll(index, PollKind::Scheduled).await?;
        }
        Ok(())
    }

    fn index_of(&self, device: &DeviceId) -> Option<usize> {
        self.devices.iter().position(|d| &d.spec.id == device)
    }

    /// Polls one device: its fast class, and its slow class when due (or on request).
    /// Returns `Err(Stopped)` when nobody listens any more.
    async fn poll(
        &mut self,
        index: usize,
        kind: PollKind,
    ) -> Result<Result<SampleBatch, TransportError>, Stopped> {
        let started = Instant::now();
        let Some(device) = self.devices.get(index) else {
            return Ok(Err(TransportError::Closed {
                target: String::new(),
            }));
        };
        let with_slow = kind == PollKind::OnRequest || device.next_slow <= started;
        let timestamp = self.clock.now();
        let read = self.read_device(index, with_slow).await;
        let now = Instant::now();
        let Some(device) = self.devices.get_mut(index) else {
            return Ok(Err(TransportError::Closed {
                target: String::new(),
            }));
        };
        let mut events = Vec::new();
        let result = match read {
            Ok(samples) => {
                device.failures = 0;
                device.retry_at = None;
                device.next_fast = next_due(device.next_fast, device.spec.fast_period, now);
                if with_slow {
                    device.next_slow = next_due(device.next_slow, device.spec.slow_period, now);
                }
                if device.status != Some(DeviceStatus::On) {
                    device.status = Some(DeviceStatus::On);
                    events.push(LinkEvent::Status {
                        device: device.spec.id.clone(),
                        status: DeviceStatus::On,
                        at: timestamp,
                        reason: None,
                    });
                }
                let samples = guard_counters(device, samples, timestamp, &mut events);
                let batch = SampleBatch {
                    device: device.spec.id.clone(),
                    timestamp,
                    samples,
                };
                events.push(LinkEvent::Samples(batch.clone()));
                Ok(batch)
            }
            Err(error) => {
                device.failures = device.failures.saturating_add(1);
                let threshold = self.settings.failures_before_error.max(1);
                let period = device.spec.fast_period;
                device.retry_at = Some(if device.failures >= threshold {
                    now + back_off(period, device.failures - threshold, error.class())
                } else {
                    now + period
                });
                if device.failures >= threshold
                    && device.status != Some(DeviceStatus::CommunicationError)
                {
                    device.status = Some(DeviceStatus::CommunicationError);
                    events.push(LinkEvent::Status {
                        device: device.spec.id.clone(),
                        status: DeviceStatus::CommunicationError,
                        at: timestamp,
                        reason: Some(error.to_string()),
                    });
                }
                tracing::debug!(link = %self.settings.id, device = %device.spec.id, %error, "poll failed");
                Err(error)
            }
        };
        for event in events {
            self.events.send(event).await.map_err(|_| Stopped)?;
        }
        Ok(result)
    }

    async fn read_device(
        &mut self,
        index: usize,
        with_slow: bool,
    ) -> Result<Vec<Sample>, TransportError> {
        let Some(device) = self.devices.get(index) else {
            return Ok(Vec::new());
        };
        device
            .read(&mut self.transport, &mut self.words, with_slow)
            .await
    }
}

impl DeviceState {
    /// Reads the fast class (and the slow class if asked) and decodes every value.
    async fn read(
        &self,
        transport: &mut Transport,
        words: &mut Vec<Vec<u16>>,
        with_slow: bool,
    ) -> Result<Vec<Sample>, TransportError> {
        let mut samples = Vec::new();
        let plans: &[&ReadPlan] = if with_slow {
            &[&self.fast, &self.slow]
        } else {
            &[&self.fast]
        };
        for plan in plans {
            let blocks = plan.blocks();
            if words.len() < blocks.len() {
                words.resize_with(blocks.len(), Vec::new);
            }
            for (block, answer) in blocks.iter().zip(words.iter_mut()) {
                transport
                    .read_registers(
                        self.spec.unit_id,
                        block.table(),
                        block.start(),
                        block.count(),
                        self.spec.timeout,
                        answer,
                    )
                    .await?;
            }
            decode_samples(plan, &words[..blocks.len()], &self.context, &mut samples);
        }
        Ok(samples)
    }
}

/// Decodes the answers to a plan's reads (`answers[i]` for block `i`) as a link does after a
/// successful read, appending one sample per value: good, in ems' units and signs, or `bad`
/// (NaN) when the device reports it as not available. Counters are not yet checked by a
/// [`CounterGuard`].
pub fn decode_samples<W: AsRef<[u16]>>(
    plan: &ReadPlan,
    answers: &[W],
    context: &DecodeContext,
    samples: &mut Vec<Sample>,
) {
    plan.decode(answers, context, |value, decoded| {
        samples.push(match decoded {
            Ok(read) => Sample {
                point: value.point(),
                value: read,
                quality: Quality::Good,
            },
            Err(_) => Sample {
                point: value.point(),
                value: Value::Float(f64::NAN),
                quality: Quality::Bad,
            },
        });
    });
}

/// Reads every value of one device once, without starting a link task (`ems device read`).
/// Counters are reported as read; values the device reports as not available are `bad`.
pub async fn read_once(
    transport: &mut Transport,
    spec: DeviceSpec,
    clock: &dyn Clock,
) -> Result<SampleBatch, ReadError> {
    let device = DeviceState::new(spec, Instant::now()).map_err(ReadError::Setup)?;
    let timestamp = clock.now();
    let samples = device.read(transport, &mut Vec::new(), true).await?;
    Ok(SampleBatch {
        device: device.spec.id.clone(),
        timestamp,
        samples,
    })
}

/// Marker: the receiver of the link's events is gone.
struct Stopped;

/// Runs every counter sample through its guard, reporting what is not a plain increase.
fn guard_counters(
    device: &mut DeviceState,
    mut samples: Vec<Sample>,
    at: Timestamp,
    events: &mut Vec<LinkEvent>,
) -> Vec<Sample> {
    for sample in samples.iter_mut() {
        let Value::Counter(raw) = sample.value else {
            continue;
        };
        let Some((_, guard)) = device.counters.iter_mut().find(|(p, _)| *p == sample.point) else {
            continue;
        };
        let verdict = guard.check(raw, at);
        let (value, good) = verdict.emitted();
        sample.value = Value::Counter(value);
        if !good {
            sample.quality = Quality::Bad;
        }
        if !matches!(verdict, CounterVerdict::Accept { .. }) {
            events.push(LinkEvent::Counter {
                device: device.spec.id.clone(),
                point: sample.point,
                at,
                verdict,
            });
        }
    }
    samples
}

/// The next due time of a period: one period after the last due time, or one period from now
/// when that is already past (after an outage or an overrun): no catch-up burst.
fn next_due(last_due: Instant, period: Duration, now: Instant) -> Instant {
    let next = last_due + period;
    if next <= now { now + period } else { next }
}

/// How long to wait before trying a device that has failed `extra` times beyond the threshold.
fn back_off(period: Duration, extra: u32, class: ErrorClass) -> Duration {
    let factor = match class {
        ErrorClass::Transient => 1u32 << extra.min(5),
        ErrorClass::BackOff | ErrorClass::Permanent => 2u32 << extra.min(5),
    };
    (period * factor).min(MAX_BACK_OFF.max(period))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_an_outage_the_next_poll_is_one_period_from_now() {
        let t0 = Instant::now();
        let period = Duration::from_secs(1);
        assert_eq!(
            next_due(t0, period, t0 + Duration::from_millis(10)),
            t0 + period
        );
        let late = t0 + Duration::from_secs(60);
        assert_eq!(next_due(t0, period, late), late + period);
    }

    #[test]
    fn back_off_grows_and_is_capped() {
        let p = Duration::from_secs(1);
        assert_eq!(back_off(p, 0, ErrorClass::Transient), p);
        assert_eq!(back_off(p, 2, ErrorClass::Transient), p * 4);
        assert_eq!(back_off(p, 20, ErrorClass::BackOff), MAX_BACK_OFF);
        let slow = Duration::from_secs(60);
        assert_eq!(back_off(slow, 3, ErrorClass::Transient), slow);
    }
}
