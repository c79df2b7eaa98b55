//! Simulated waveform sources: acquisition boards serving the waveform stream
//! (`docs/WAVEFORM_STREAM.md`) from a [`WaveformGenerator`], with faults on demand.
//!
//! A source counts samples from its start. Frame `k` holds samples `k·N .. (k+1)·N` (N samples
//! per frame) and is sent to every connected client when its last sample is due, by tokio's
//! clock, so that tests with paused time see frames as fast as they read them. A client that
//! connects later starts with the frame in progress. A client more than `max_lag_ms` behind
//! (it does not read fast enough) skips to the newest frame due, as a source with a bounded
//! buffer would: it sees a gap.
//!
//! The UTC time of a frame's first sample is the simulator clock's time at the start plus the
//! sample index over the sample rate: the sample clock is the reference, as on a real board.
//! Samples are secondary values: the model's primary volts and amperes divided by the VT or CT
//! ratio.
//!
//! Faults are attached to frame numbers: [`WaveformSource::inject`] puts a fault on the first
//! frame not yet due (or the first free one after it), so that every client sees it on the same
//! frame, and says which frame that is.

use crate::config::{ConfigErrors, ConfigIssue, WaveformConfig};
use crate::model::hash3;
use crate::waveform::WaveformGenerator;
use ems_metering::ChannelRole;
use ems_metering::stream::{ChannelLayout, Frame, HEADER_LEN};
use jiff::{SignedDuration, Timestamp};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// A misbehaviour of a waveform source, on one or a few frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFault {
    /// `frames` consecutive frames are not sent: the client sees a gap.
    DropFrames {
        /// How many (at least 1).
        frames: u32,
    },
    /// Two consecutive frames are sent in swapped order.
    SwapFrames,
    /// One byte in the samples of a frame is flipped: its CRC no longer matches.
    CorruptByte,
    /// The source restarts: from this frame on, sequence numbers and sample indexes count
    /// from 0 again, under a new session. (The model's time goes on.)
    Restart,
}

impl StreamFault {
    /// The snake_case name used in configurations.
    pub fn kind_name(&self) -> &'static str {
        match self {
            StreamFault::DropFrames { .. } => "drop_frames",
            StreamFault::SwapFrames => "swap_frames",
            StreamFault::CorruptByte => "corrupt_byte",
            StreamFault::Restart => "restart",
        }
    }

    /// How many consecutive frames the fault takes.
    fn frames(&self) -> u64 {
        match *self {
            StreamFault::DropFrames { frames } => u64::from(frames.max(1)),
            StreamFault::SwapFrames => 2,
            StreamFault::CorruptByte | StreamFault::Restart => 1,
        }
    }
}

/// Where a waveform source can be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaveformEndpoint {
    /// A TCP address (the port actually bound when the configuration said 0).
    Tcp(SocketAddr),
    /// A Unix stream socket.
    Unix(PathBuf),
}

impl std::fmt::Display for WaveformEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaveformEndpoint::Tcp(address) => write!(f, "tcp {address}"),
            WaveformEndpoint::Unix(path) => write!(f, "unix {}", path.display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameAction {
    Drop,
    /// Held back and sent after the next frame sent.
    Swap,
    Corrupt,
}

/// Faults by frame number.
#[derive(Debug, Default)]
struct FaultPlan {
    actions: BTreeMap<u64, FrameAction>,
    /// Frames at which the source restarts.
    restarts: BTreeSet<u64>,
    /// Every frame some fault concerns (both frames of a swap).
    busy: BTreeSet<u64>,
}

impl FaultPlan {
    fn occupied(&self, frame: u64) -> bool {
        self.busy.contains(&frame)
    }

    /// Puts `fault` on the first frames from `at` that carry no other fault; returns the
    /// first.
    fn add(&mut self, fault: StreamFault, at: u64) -> u64 {
        let n = fault.frames();
        let mut start = at;
        while (start..start + n).any(|f| self.occupied(f)) {
            start += 1;
        }
        self.busy.extend(start..start + n);
        match fault {
            StreamFault::DropFrames { .. } => {
                for f in start..start + n {
                    self.actions.insert(f, FrameAction::Drop);
                }
            }
            StreamFault::SwapFrames => {
                self.actions.insert(start, FrameAction::Swap);
            }
            StreamFault::CorruptByte => {
                self.actions.insert(start, FrameAction::Corrupt);
            }
            StreamFault::Restart => {
                self.restarts.insert(start);
            }
        }
        start
    }
}

/// One simulated waveform source.
#[derive(Debug)]
pub struct WaveformSource {
    id: String,
    layout: ChannelLayout,
    sample_rate_hz: f64,
    samples_per_frame: u32,
    vt_ratio: f64,
    ct_ratio: f64,
    utc: bool,
    max_lag: Duration,
    generator: WaveformGenerator,
    session: u32,
    started: Instant,
    started_utc: Timestamp,
    plan: Mutex<FaultPlan>,
}

impl WaveformSource {
    /// A source `id` as `config` describes it, started now (tokio's clock) and at
    /// `started_utc`; its noise and session derive from `seed` unless the model sets a seed.
    pub fn new(
        id: &str,
        config: &WaveformConfig,
        seed: u64,
        started_utc: Timestamp,
    ) -> Result<Self, ConfigErrors> {
        let path = format!("waveforms.{id}");
        let issues = |problems: Vec<(String, String)>| {
            ConfigErrors(
                problems
                    .into_iter()
                    .map(|(key, message)| ConfigIssue {
                        path: format!("{path}.{key}"),
                        message,
                    })
                    .collect(),
            )
        };
        let problems = config.problems();
        if !problems.is_empty() {
            return Err(issues(problems));
        }
        let layout = ChannelLayout::new(config.channels.iter().copied())
            .map_err(|e| issues(vec![("channels".into(), e.to_string())]))?;
        let generator = WaveformGenerator::new(&config.model, seed).map_err(|e| {
            issues(
                e.0.into_iter()
                    .map(|(key, message)| (format!("model.{key}"), message))
                    .collect(),
            )
        })?;
        let started_ns = started_utc.as_nanosecond() as i64;
        let mut source = WaveformSource {
            id: id.to_owned(),
            layout,
            sample_rate_hz: config.sample_rate_hz,
            samples_per_frame: config.samples_per_frame,
            vt_ratio: config.vt_ratio,
            ct_ratio: config.ct_ratio,
            utc: config.utc,
            max_lag: Duration::from_millis(config.max_lag_ms),
            session: hash3(generator.seed(), 0x5E55_1010, started_ns) as u32,
            generator,
            started: Instant::now(),
            started_utc,
            plan: Mutex::new(FaultPlan::default()),
        };
        let mut scheduled: Vec<(u64, StreamFault)> = Vec::new();
        for fault in &config.faults {
            if let Ok((fault, after_s)) = fault.to_fault() {
                scheduled.push((source.first_frame_after(after_s), fault));
            }
        }
        scheduled.sort_by_key(|&(frame, _)| frame);
        if let Ok(plan) = source.plan.get_mut() {
            for (frame, fault) in scheduled {
                plan.add(fault, frame);
            }
        }
        Ok(source)
    }

    /// The source's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The channels it sends.
    pub fn layout(&self) -> ChannelLayout {
        self.layout
    }

    /// Samples per second and channel.
    pub fn sample_rate_hz(&self) -> f64 {
        self.sample_rate_hz
    }

    /// Samples per channel in a frame.
    pub fn samples_per_frame(&self) -> u32 {
        self.samples_per_frame
    }

    /// The model it samples.
    pub fn generator(&self) -> &WaveformGenerator {
        &self.generator
    }

    /// The session of its frames until a [`StreamFault::Restart`].
    pub fn session(&self) -> u32 {
        self.session
    }

    /// The divisor from the model's primary value to the stream's secondary one.
    pub fn ratio(&self, role: ChannelRole) -> f64 {
        if role.is_voltage() {
            self.vt_ratio
        } else {
            self.ct_ratio
        }
    }

    /// Nanoseconds from the start to sample `samples`.
    fn ns_of(&self, samples: u64) -> u64 {
        (samples as f64 * 1e9 / self.sample_rate_hz).round() as u64
    }

    /// Nanoseconds from the start until frame `k` is due (its last sample is taken).
    fn due_ns(&self, k: u64) -> u64 {
        self.ns_of((k + 1).saturating_mul(u64::from(self.samples_per_frame)))
    }

    fn due(&self, k: u64) -> Instant {
        self.started + Duration::from_nanos(self.due_ns(k))
    }

    /// The number of frames due `elapsed_ns` after the start, which is the number of the first
    /// frame not yet due.
    fn frames_due(&self, elapsed_ns: u64) -> u64 {
        let per_frame = f64::from(self.samples_per_frame);
        let mut k = (elapsed_ns as f64 * self.sample_rate_hz / 1e9 / per_frame).floor() as u64;
        while self.due_ns(k) <= elapsed_ns {
            k += 1;
        }
        while k > 0 && self.due_ns(k - 1) > elapsed_ns {
            k -= 1;
        }
        k
    }

    /// The first frame whose first sample comes at or after `after_s` seconds from the start.
    fn first_frame_after(&self, after_s: f64) -> u64 {
        (after_s * self.sample_rate_hz / f64::from(self.samples_per_frame)).ceil() as u64
    }

    /// The number of the first frame not yet due: the one in progress.
    pub fn next_frame_number(&self) -> u64 {
        let elapsed = Instant::now().saturating_duration_since(self.started);
        self.frames_due(u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX))
    }

    /// Puts a fault on the next frames not yet due (the first free ones, when faults are
    /// already planned there); returns the number of the first frame it affects.
    pub fn inject(&self, fault: StreamFault) -> u64 {
        let at = self.next_frame_number();
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.add(fault, at)
    }

    fn action(&self, k: u64) -> Option<FrameAction> {
        let plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.actions.get(&k).copied()
    }

    /// Frame number `k` as the source sends it, before any fault on its bytes (restarts
    /// included).
    pub fn frame(&self, k: u64) -> Frame {
        let (restarts, since) = {
            let plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
            let count = plan.restarts.range(..=k).count() as u64;
            let last = plan.restarts.range(..=k).next_back().copied();
            (count, last.unwrap_or(0))
        };
        let n = u64::from(self.samples_per_frame);
        let absolute = k.saturating_mul(n);
        let session = if restarts == 0 {
            self.session
        } else {
            hash3(u64::from(self.session), 0x5E55_1011, restarts as i64) as u32
        };
        let start = if self.utc {
            let offset = SignedDuration::from_nanos(self.ns_of(absolute) as i64);
            self.started_utc
                .checked_add(offset)
                .ok()
                .filter(|t| i64::try_from(t.as_nanosecond()).is_ok_and(|ns| ns != i64::MIN))
        } else {
            None
        };
        let mut samples = Vec::new();
        self.generator.fill_interleaved(
            self.layout.roles(),
            self.sample_rate_hz,
            absolute,
            self.samples_per_frame as usize,
            |role| self.ratio(role),
            &mut samples,
        );
        Frame {
            session,
            sequence: (k - since) as u32,
            first_index: (k - since).saturating_mul(n),
            sample_rate_hz: self.sample_rate_hz,
            start,
            layout: self.layout,
            samples,
        }
    }

    /// Sends frames to one client until it goes away (the error of the failed write) or the
    /// task is dropped.
    pub async fn serve<S: AsyncWrite + Unpin>(&self, mut stream: S) -> io::Result<()> {
        let mut k = self.next_frame_number();
        let mut bytes = Vec::new();
        let mut held: Option<Vec<u8>> = None;
        loop {
            let due = self.due(k);
            tokio::time::sleep_until(due).await;
            if Instant::now().saturating_duration_since(due) > self.max_lag {
                // Skip to the newest frame due, and send it at once.
                k = k.max(self.next_frame_number().saturating_sub(1));
            }
            let number = k;
            k += 1;
            let action = self.action(number);
            if action == Some(FrameAction::Drop) {
                continue;
            }
            bytes.clear();
            self.frame(number)
                .encode(&mut bytes)
                .map_err(io::Error::other)?;
            if action == Some(FrameAction::Corrupt) {
                let middle =
                    HEADER_LEN + self.layout.len() * (1 + 2 * self.samples_per_frame as usize);
                if let Some(byte) = bytes.get_mut(middle) {
                    *byte ^= 0xFF;
                }
            }
            if action == Some(FrameAction::Swap) {
                held = Some(std::mem::take(&mut bytes));
                continue;
            }
            stream.write_all(&bytes).await?;
            if let Some(late) = held.take() {
                stream.write_all(&late).await?;
            }
            stream.flush().await?;
        }
    }
}

/// Accepts TCP clients and serves each its frames.
pub(crate) async fn accept_tcp(socket: TcpListener, source: Arc<WaveformSource>) {
    let mut clients = JoinSet::new();
    loop {
        tokio::select! {
            accepted = socket.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let source = Arc::clone(&source);
                    clients.spawn(async move {
                        if let Err(error) = source.serve(stream).await {
                            tracing::debug!(waveform = %source.id, %peer, %error, "client gone");
                        }
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
}

/// A Unix socket file bound by the simulator, removed when the listener is dropped.
#[cfg(unix)]
#[derive(Debug)]
pub(crate) struct SocketFile(PathBuf);

#[cfg(unix)]
impl Drop for SocketFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Binds a Unix stream socket at `path`, replacing a stale socket file left there (but no
/// other kind of file).
#[cfg(unix)]
pub(crate) fn bind_unix(
    path: &std::path::Path,
) -> io::Result<(tokio::net::UnixListener, SocketFile)> {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => std::fs::remove_file(path)?,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file that is not a socket is in the way",
            ));
        }
        Err(_) => {}
    }
    let listener = tokio::net::UnixListener::bind(path)?;
    Ok((listener, SocketFile(path.to_owned())))
}

/// Accepts clients on a Unix socket and serves each its frames.
#[cfg(unix)]
pub(crate) async fn accept_unix(
    socket: tokio::net::UnixListener,
    file: SocketFile,
    source: Arc<WaveformSource>,
) {
    let _file = file;
    let mut clients = JoinSet::new();
    loop {
        tokio::select! {
            accepted = socket.accept() => match accepted {
                Ok((stream, _)) => {
                    let source = Arc::clone(&source);
                    clients.spawn(async move {
                        if let Err(error) = source.serve(stream).await {
                            tracing::debug!(waveform = %source.id, %error, "client gone");
                        }
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rate: f64, n: u32) -> WaveformSource {
        let config: WaveformConfig = toml::from_str(&format!(
            "tcp = \"127.0.0.1:0\"\nsample_rate_hz = {rate}\nsamples_per_frame = {n}"
        ))
        .unwrap();
        WaveformSource::new("w", &config, 1, "2026-01-01T00:00:00Z".parse().unwrap()).unwrap()
    }

    #[test]
    fn frames_are_due_when_their_last_sample_is_taken() {
        let s = source(6400.0, 640);
        assert_eq!(s.due_ns(0), 100_000_000);
        assert_eq!(s.frames_due(0), 0);
        assert_eq!(s.frames_due(99_999_999), 0);
        assert_eq!(s.frames_due(100_000_000), 1);
        assert_eq!(s.frames_due(1_050_000_000), 10);
        // A rate that does not divide a second.
        let s = source(7812.5, 100);
        for k in 0..2000 {
            assert_eq!(s.frames_due(s.due_ns(k)), k + 1);
            assert_eq!(s.frames_due(s.due_ns(k) - 1), k);
        }
    }

    #[test]
    fn faults_take_free_frames_in_order() {
        let mut plan = FaultPlan::default();
        assert_eq!(plan.add(StreamFault::DropFrames { frames: 2 }, 5), 5);
        assert_eq!(plan.add(StreamFault::SwapFrames, 5), 7);
        assert_eq!(plan.add(StreamFault::CorruptByte, 6), 9);
        assert_eq!(plan.add(StreamFault::Restart, 0), 0);
        assert_eq!(plan.actions.get(&6), Some(&FrameAction::Drop));
        assert_eq!(plan.actions.get(&8), None);
    }

    #[test]
    fn a_restart_counts_indexes_and_sequences_from_zero_under_a_new_session() {
        let s = source(6400.0, 640);
        let before = s.frame(9);
        assert_eq!(s.plan.lock().unwrap().add(StreamFault::Restart, 10), 10);
        let after = s.frame(12);
        assert_eq!((before.sequence, before.first_index), (9, 9 * 640));
        assert_eq!((after.sequence, after.first_index), (2, 2 * 640));
        assert_ne!(after.session, before.session);
        assert_eq!(before.session, s.session());
        // The model's time and the UTC time go on.
        assert_eq!(
            after.start.unwrap().duration_since(before.start.unwrap()),
            SignedDuration::from_millis(300)
        );
    }
}
